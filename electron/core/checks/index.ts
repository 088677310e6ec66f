export { createCheckWiring, type CheckWiring } from './wiring';
export { parsePlanText, loadPlanFile, formatPlanProblem, type PlanProblem, type PlanLoad } from './load';
export { CheckRunner, type RoundResult } from './runner';
export { BUILTIN_PLAN_YAML, BUILTIN_PLAN_FILE } from './builtin-plan';
