import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { byteplusId, modelsFor, type GenerationMode } from '../shared/models';
import { CREDENTIAL_TYPE } from '../shared/transport';

/** The models that can do `mode`, spelled as the credential's provider spells them. */
function modelSearch(mode: GenerationMode) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		let provider: unknown;
		try {
			provider = (await this.getCredentials(CREDENTIAL_TYPE)).provider;
		} catch {
			provider = undefined; // no credential chosen yet: show the Volcengine spelling
		}
		const query = (filter ?? '').toLowerCase();
		return {
			results: modelsFor(mode)
				.map((model) => ({
					name: model.name,
					value: provider === 'byteplus' ? byteplusId(model.id) : model.id,
				}))
				.filter((entry) => !query || `${entry.name} ${entry.value}`.toLowerCase().includes(query)),
		};
	};
}

export const listSearch = {
	searchReferenceImageModels: modelSearch('referenceImages'),
	searchTextModels: modelSearch('text'),
	searchFirstFrameModels: modelSearch('firstFrame'),
	searchFirstLastFrameModels: modelSearch('firstLastFrame'),
};
