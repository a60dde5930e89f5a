import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunState } from '../../shared/api';
import { generationOptions, modelField, promptField, waitFields } from '../../shared/descriptions';
import { generate } from './generate';

const properties: INodeProperties[] = [
	modelField('text'),
	promptField('text'),
	...waitFields,
	generationOptions('text'),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['generateFromText'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	return await generate.call(this, itemIndex, state, 'text', []);
}
