import { describeDocStoreContract } from './docStore.contract.ts';
import { createMemoryDocStore } from './docStore.memory.ts';

describeDocStoreContract('memory', async () => ({ store: createMemoryDocStore(), close: async () => {} }));
