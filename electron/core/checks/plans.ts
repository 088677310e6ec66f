import { AtelierError } from '../../../shared/contract/errors';
import type { PlanDocument } from '../../../shared/checks';
import type { Database } from '../db/open';
import { BUILTIN_PLAN_FILE, BUILTIN_PLAN_YAML } from './builtin-plan';
import { formatPlanProblem, parsePlanText } from './load';

export interface StoredPlan {
  readonly plan: PlanDocument;
  readonly source: string;
  readonly enabled: boolean;
  /** The YAML as stored (the plan editor starts from it). */
  readonly text: string;
}

/**
 * Plan versions kept as their YAML. A plan with errors is refused whole and the version before it keeps
 * running; one plan at most is enabled, and nothing runs in the background until a person enables one.
 */
export class PlanStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Validates and stores a plan version; an id + version already stored with other text is refused. */
  put(text: string, source: string): PlanDocument {
    const loaded = parsePlanText(text, source);
    if (!loaded.ok) throw new AtelierError('invalid_input', loaded.problems.map(formatPlanProblem).join('\n'), 'plan');
    const { plan } = loaded;
    const existing = this.db.prepare('SELECT yaml FROM check_plans WHERE id = ? AND version = ?').get(plan.id, plan.version) as { yaml: string } | undefined;
    if (existing && existing.yaml !== text) {
      throw new AtelierError('conflict', `${source}: plan ${plan.id} version ${plan.version} is already stored with other content; raise its version`, 'version');
    }
    if (!existing) this.db.prepare('INSERT INTO check_plans (id, version, yaml, source, loaded_ms) VALUES (?, ?, ?, ?, ?)').run(plan.id, plan.version, text, source, this.now());
    return plan;
  }

  /** Makes this plan (its latest version) the one that runs; `null` stops background runs. */
  enable(id: string | null): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE check_plans SET enabled = 0').run();
      if (id === null) return;
      if (id === 'builtin-health') this.put(BUILTIN_PLAN_YAML, BUILTIN_PLAN_FILE);
      const changed = this.db.prepare('UPDATE check_plans SET enabled = 1 WHERE id = ? AND version = (SELECT MAX(version) FROM check_plans WHERE id = ?)').run(id, id).changes;
      if (changed === 0) throw new AtelierError('not_found', `no check plan "${id}"`, 'id');
    })();
  }

  /** The enabled plan, else null. */
  enabled(): StoredPlan | null {
    const row = this.db.prepare('SELECT yaml, source FROM check_plans WHERE enabled = 1').get() as { yaml: string; source: string } | undefined;
    if (!row) return null;
    const loaded = parsePlanText(row.yaml, row.source);
    return loaded.ok ? { plan: loaded.plan, source: row.source, enabled: true, text: row.yaml } : null;
  }

  /**
   * The plan the Health view shows, edits and runs now: the enabled one, else the last one saved (a plan
   * edited while background runs are off), else the built-in.
   */
  shown(): StoredPlan {
    const on = this.enabled();
    if (on) return on;
    const row = this.db.prepare('SELECT yaml, source FROM check_plans ORDER BY loaded_ms DESC, rowid DESC LIMIT 1').get() as { yaml: string; source: string } | undefined;
    const loaded = row ? parsePlanText(row.yaml, row.source) : null;
    if (row && loaded?.ok) return { plan: loaded.plan, source: row.source, enabled: false, text: row.yaml };
    return this.current();
  }

  /** The plan to show: the enabled one, else the built-in (not running). */
  current(): StoredPlan {
    const on = this.enabled();
    if (on) return on;
    const builtin = parsePlanText(BUILTIN_PLAN_YAML, BUILTIN_PLAN_FILE);
    if (!builtin.ok) throw new Error(`the built-in check plan is invalid: ${builtin.problems.map(formatPlanProblem).join('; ')}`);
    return { plan: builtin.plan, source: BUILTIN_PLAN_FILE, enabled: false, text: BUILTIN_PLAN_YAML };
  }
}
