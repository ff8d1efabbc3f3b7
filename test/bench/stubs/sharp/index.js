// numjs requires sharp only for its image helpers, which arraylint's benchmarks never call.
module.exports = function sharp() { throw new Error("sharp is stubbed out in arraylint's dev dependencies (numjs images are not used)"); };
