/** The folder of Atelier's package.json, found from this file in the source tree and in the bundle alike. */
export declare function packageRoot(): string;
export declare function appVersion(): string;
/** The built renderer (`npm run build`), served in serve mode and loaded by Electron. */
export declare function rendererDir(): string;
