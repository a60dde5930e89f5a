/** n8n 1.x (Node 20): the packed node from `n8n execute`. The tests are in cli-suite.ts. */
import { describeCli } from './cli-suite';

describeCli(1);
