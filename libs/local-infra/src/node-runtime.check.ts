/** The platform's runtime: Node.js 24 LTS (package.json engines). */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * Stops a launcher or a test run started on an older Node.js with one line saying what to do.
 * The machine's own Node.js may be older: `npm ci` installs Node.js 24 from the npm registry
 * (the `node` devDependency), and npm scripts put it first on PATH.
 */
export function assertNodeRuntime(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major < REQUIRED_NODE_MAJOR) {
    throw new Error(
      `Node.js ${REQUIRED_NODE_MAJOR} or later is needed, and this is ${version}: run it through npm (npm test, npm run platform), which uses the Node.js ${REQUIRED_NODE_MAJOR} that npm ci puts in node_modules/.bin`,
    );
  }
}
