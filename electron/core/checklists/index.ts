export { ChecklistStore, type ChecklistInfo, type ChecklistOrigin, type ImportOutcome } from './store';
export { loadChecklistDir, parseChecklistText, validateFiles, type FileValidation, type LoadedChecklist } from './load';
export { builtinLibraryDir } from './library';
