// The tests' entry point (vitest.config.ts setupFiles): Inversify's metadata polyfill is imported
// once here, as in src/server.ts and the CLI entries, never by a library file.
import 'reflect-metadata';
