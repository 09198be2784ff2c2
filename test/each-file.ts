import { afterAll } from 'vitest';
import { removeWorkspaceCopies } from './pipelines/workspace-copy.ts';

afterAll(removeWorkspaceCopies);
