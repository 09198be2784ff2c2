import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../cli/commands/demo.ts';

describe('the closing hint of ecert demo', () => {
  it('names commands that run right after npm install, through npx', () => {
    const hint = nextSteps(path.join(process.cwd(), 'demo-workspace'));
    expect(hint).toBe('Next: npx ecert runs -w demo-workspace, npx ecert quarantine list -w demo-workspace, npx ecert init my-hub (README.md, "For data engineers")');
    expect(hint.match(/(?<!npx )\becert (?=[a-z])/g), 'every command goes through npx').toBeNull();
  });
});
