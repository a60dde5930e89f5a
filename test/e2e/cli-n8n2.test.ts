/** n8n 2.x (Node 24): the packed node from `n8n execute`. The tests are in cli-suite.ts. */
import { describeCli } from './cli-suite';

describeCli(2);
