// Runtime entry of @fund-desk/testing: npm run build compiles the library into dist/ at the repository root.
module.exports = require('../../dist/libs/testing/src/index.js');
