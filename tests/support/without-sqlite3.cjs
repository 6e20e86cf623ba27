// Preloaded with `node --require` to make require('sqlite3') fail, as it does on a machine where
// npm could not build the optional native module (no compiler, no prebuilt binary).
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'sqlite3') {
    const error = new Error("Cannot find module 'sqlite3'\nRequire stack:\n- (the built server)");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
