import { z } from 'zod';

// zod compiles object parsers with `new Function` where it may, and probes for that on the first parse; the
// renderer's CSP (script-src 'self', no 'unsafe-eval') blocks the probe and reports a violation. Parsing
// without compiling costs nothing the renderer notices. Imported first by main.tsx, before any schema runs.
z.config({ jitless: true });
