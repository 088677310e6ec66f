import { z } from 'zod/v4';

// What `zod` is in the renderer's bundle (vite.config.ts aliases it here), so that this runs right after zod
// loads and before any module that uses it, whichever chunk that module lands in. zod compiles object
// parsers with `new Function` where it may, and probes for that on the first parse; the renderer's CSP
// (script-src 'self', no 'unsafe-eval') blocks the probe and reports a violation. Parsing without compiling
// costs nothing the renderer notices.
z.config({ jitless: true });

export { z };
export default z;
