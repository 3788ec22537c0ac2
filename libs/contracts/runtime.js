// Runtime entry of @fund-desk/contracts: npm run build compiles the library into dist/ at the repository root.
module.exports = require('../../dist/libs/contracts/src/index.js');
