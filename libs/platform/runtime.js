// Runtime entry of @fund-desk/platform: npm run build compiles the library into dist/ at the repository root.
module.exports = require('../../dist/libs/platform/src/index.js');
