/** The first- and last-frame images, read from the form in one way for both frame operations. */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { ImageSpec } from '../../request/images';

export function frameSpec(context: IExecuteFunctions, itemIndex: number, prefix: 'firstFrame' | 'lastFrame'): ImageSpec {
	const source = context.getNodeParameter(`${prefix}Source`, itemIndex, 'url') === 'binary' ? 'binary' : 'url';
	return {
		label: prefix === 'firstFrame' ? 'First frame' : 'Last frame',
		source,
		url: source === 'url' ? String(context.getNodeParameter(`${prefix}Url`, itemIndex, '')) : undefined,
		binaryProperty:
			source === 'binary' ? String(context.getNodeParameter(`${prefix}BinaryProperty`, itemIndex, 'data')) : undefined,
	};
}
