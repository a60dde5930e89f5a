import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { idForProvider, modelsFor, type GenerationMode, type ProviderName } from '../request/models';
import { CREDENTIAL_TYPE } from '../api/transport';

/** The models that can do `mode`, newest first, spelled as the credential's provider spells them. */
export function modelList(mode: GenerationMode, provider: unknown, filter?: string): INodeListSearchResult {
	const query = (filter ?? '').toLowerCase();
	return {
		results: modelsFor(mode)
			.map((model) => {
				const retired = model.retired?.[provider as ProviderName];
				return {
					name: retired ? `${model.name} (switched off: ${retired})` : model.name,
					value: idForProvider(model.id, provider),
				};
			})
			.filter((entry) => !query || `${entry.name} ${entry.value}`.toLowerCase().includes(query)),
	};
}

function modelSearch(mode: GenerationMode) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		let provider: unknown;
		try {
			provider = (await this.getCredentials(CREDENTIAL_TYPE)).provider;
		} catch {
			provider = undefined; // no credential chosen yet: show the Volcengine spelling
		}
		return modelList(mode, provider, filter);
	};
}

export const listSearch = {
	searchReferenceImageModels: modelSearch('referenceImages'),
	searchReferenceModels: modelSearch('reference'),
	searchTextModels: modelSearch('text'),
	searchFirstFrameModels: modelSearch('firstFrame'),
	searchFirstLastFrameModels: modelSearch('firstLastFrame'),
	searchEditVideoModels: modelSearch('editVideo'),
	searchExtendVideoModels: modelSearch('extendVideo'),
	searchDraftModels: modelSearch('draftFinal'),
};
