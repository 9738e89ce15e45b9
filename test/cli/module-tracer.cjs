// Loaded with `node --require` by the hot-path test: at exit, writes every module file the process loaded
// (the CommonJS cache) to $MODULE_TRACE_OUT, so the test can assert what the credential-process hot path
// pulled in. Not part of the product.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const files = Object.keys(require.cache).filter((f) => f !== __filename);
  writeFileSync(
    process.env.MODULE_TRACE_OUT,
    JSON.stringify({ files, builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) }),
  );
});
