import type { Migration } from '../migration';
export declare const migration0001: Migration;
