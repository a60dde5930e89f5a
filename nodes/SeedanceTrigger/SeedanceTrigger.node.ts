import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { SeedanceTriggerV1 } from './SeedanceTriggerV1';
import { SeedanceTriggerV1_1 } from './SeedanceTriggerV1_1';

/**
 * The Seedance Trigger, by version. A versioned type rather than one description with
 * `@version` conditions, because only 1.1 polls: n8n adds its Poll Times field to, and runs a
 * poller for, every version of a description that says `polling`; so version 1 workflows keep
 * exactly the node they had.
 */
export class SeedanceTrigger extends VersionedNodeType {
	constructor() {
		const base: INodeTypeBaseDescription = {
			displayName: 'Seedance Trigger',
			name: 'seedanceTrigger',
			icon: { light: 'file:seedance.svg', dark: 'file:seedance.dark.svg' },
			group: ['trigger'],
			description: 'Starts the workflow when a Seedance video task finishes: by callback, by polling the task list, or both',
			defaultVersion: 1.1,
		};
		super({ 1: new SeedanceTriggerV1(base), 1.1: new SeedanceTriggerV1_1(base) }, base);
	}
}
