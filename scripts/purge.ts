import { purgeExpired } from '../functions/domain/retention';
import { withLocalTable } from './local-table';

const result = await withLocalTable(() => purgeExpired(new Date()));
process.stdout.write(`${JSON.stringify(result)}\n`);
