import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { HubError } from '../core/errors.ts';

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/**
 * The absolute path of a source's `path` (relative paths resolve against the workspace),
 * checked before any stream opens so that a wrong path fails with one clear, coded error
 * instead of a stream error halfway through a run.
 */
export async function resolveSourceFile(sourcePath: string, workspace: string): Promise<string> {
  const file = path.resolve(workspace, sourcePath);
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `source path is not a file: ${sourcePath}`, { path: file });
    }
    await access(file, constants.R_OK);
  } catch (err) {
    if (err instanceof HubError) throw err;
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new HubError('HUB_ERR_FILE_NOT_FOUND', `source file not found: ${sourcePath}`, { path: file });
    }
    throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `source file cannot be read: ${sourcePath} (${code ?? String(err)})`, { path: file }, { cause: err });
  }
  return file;
}
