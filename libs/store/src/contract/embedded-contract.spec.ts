import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore, IN_MEMORY } from '../embedded/embedded-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('embedded, in memory', () => EmbeddedStore.open(IN_MEMORY));

const directory = mkdtempSync(path.join(os.tmpdir(), 'shelflife-contract-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
describeStoreContract('embedded, on disk', () => EmbeddedStore.open(directory));
