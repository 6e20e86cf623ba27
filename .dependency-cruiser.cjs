/**
 * The dependency rule of the architecture (README.md, "How the code is laid out"), checked by `npm run lint:arch`.
 *
 *   domain          -> domain only (no npm packages, no node builtins); model files never import use cases
 *   infrastructure  -> domain, infrastructure, sequelize, mysql2, sqlite3, umzug, redis, node builtins
 *   interfaces      -> domain, interfaces, express, express-rate-limit, zod, helmet, @asteasolutions/zod-to-openapi, prom-client, swagger-ui-express, node builtins
 *   seeds           -> domain, seeds
 *   src             -> everything; the only importer of inversify and dotenv
 *
 * Layer rules are allow-lists: a layer may import what is listed and nothing else, so a new
 * package or a new top-level folder is a violation until someone decides where it belongs.
 * Unresolvable imports are left to `not-to-unresolvable`, so each one is reported once.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Paths of resolved npm packages (including their @types companions, for type-only imports). */
const npm = (...names) => names.map((name) => `^node_modules/(@types/)?${name}/`);

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-domain-only',
      comment: 'domain is pure TypeScript: it may import other domain modules and nothing else (no npm packages, no node builtins).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/', couldNotResolve: false },
    },
    {
      name: 'domain-model-not-to-use-cases',
      comment: 'domain model files (entities, value objects, errors, repository ports) never import use cases.',
      severity: 'error',
      from: { path: '^domain/', pathNot: '/use-cases/' },
      to: { path: '^domain/.*/use-cases/' },
    },
    {
      name: 'infrastructure-allowed-imports',
      comment: 'infrastructure may import domain, infrastructure, sequelize, mysql2, sqlite3, umzug, redis and node builtins; never interfaces, src or seeds.',
      severity: 'error',
      from: { path: '^infrastructure/' },
      to: {
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
        pathNot: ['^domain/', '^infrastructure/', ...npm('sequelize', 'mysql2', 'sqlite3', 'umzug', 'redis', '@redis/[^/]+')],
      },
    },
    {
      name: 'interfaces-allowed-imports',
      comment:
        'interfaces may import domain, interfaces, express, express-rate-limit, zod, helmet, compression, @asteasolutions/zod-to-openapi, prom-client, swagger-ui-express (the /api/docs page) and node builtins; never infrastructure, src or seeds.',
      severity: 'error',
      from: { path: '^interfaces/' },
      to: {
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
        pathNot: ['^domain/', '^interfaces/', ...npm('express', 'express-rate-limit', 'zod', 'helmet', 'compression', '@asteasolutions/zod-to-openapi', 'prom-client', 'swagger-ui-express')],
      },
    },
    {
      name: 'seeds-allowed-imports',
      comment: 'seeds may import domain and seeds only: demo data goes through use cases.',
      severity: 'error',
      from: { path: '^seeds/' },
      to: { pathNot: ['^domain/', '^seeds/'], couldNotResolve: false },
    },
    {
      name: 'only-src-imports-inversify-and-dotenv',
      comment: 'the composition root (src/) is the only importer of inversify and dotenv.',
      severity: 'error',
      from: { pathNot: '^(src|tests)/' },
      to: { path: npm('inversify', '@inversifyjs/[^/]+', 'dotenv') },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import must resolve to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'non-test code must not import devDependencies: they are not installed in production. ' +
        'Type-only imports (erased at build time) and @types packages are allowed.',
      severity: 'error',
      from: { path: '^(src|domain|infrastructure|interfaces|seeds)/', pathNot: '\\.(test|spec)\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/@types/' },
    },
    {
      name: 'no-non-package-json',
      comment: 'an npm package that is imported must be listed in package.json (dependencies or devDependencies).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    // Resolve node_modules as it appears from the repository, also when it is a symlink (a git worktree sharing
    // another checkout's installed modules): the layer rules match '^node_modules/'.
    preserveSymlinks: true,
    exclude: { path: '^(dist|dist-test|coverage)/' },
    // Type-only imports count too: an `import type` from sequelize in domain is still a violation.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // ESM sources import './x.js' which is './x.ts' on disk; dependency-cruiser maps .js -> .ts
    // itself (as TypeScript does), and these options let bare and extensionless specifiers resolve.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
