import schema from './inventory.schema.json' with { type: 'json' };

/** GLPI's native inventory JSON schema (draft-07), shipped with the app. */
export const glpiInventorySchema: Record<string, unknown> = schema as Record<string, unknown>;
