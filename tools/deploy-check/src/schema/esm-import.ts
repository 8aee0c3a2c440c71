/**
 * kubernetes-models ships ES modules only, and this workspace compiles to CommonJS, where TypeScript
 * would turn `import()` into `require()`. A Function keeps the native dynamic import.
 * (Jest's CommonJS sandbox cannot run it: tests reach schema validation through a child process.)
 */
export const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
