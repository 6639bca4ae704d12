#!/usr/bin/env node
// The package's command line. TypeScript sources run through tsx so that no build step
// stands between `npm install` and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
