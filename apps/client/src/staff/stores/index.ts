import { staffApi } from '../services/staffApi';
import { createDirectoryStore } from './directory';
import { createQueueStore } from './queue';

export const useQueue = createQueueStore(staffApi);
export const useDirectory = createDirectoryStore(staffApi);
