// Worker thread: parses the revision files it is sent, one at a time, and posts the normalized rows back.
import { parentPort } from 'node:worker_threads';
import { parseRevisionFile } from './parse-file.js';

parentPort?.on('message', (msg: { path: string; i: number }) => {
  try {
    parentPort!.postMessage({ i: msg.i, result: parseRevisionFile(msg.path) });
  } catch (e) {
    parentPort!.postMessage({ i: msg.i, error: e instanceof Error ? e.message : String(e) });
  }
});
