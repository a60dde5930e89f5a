/** Where the API lives, per provider. Shared by the credential and the node. */
export const PROVIDERS = {
	chainhub: { name: 'ChainHub', baseUrl: 'https://api.chainhub.tech/volc/v1', console: 'the ChainHub dashboard' },
	volcengine: {
		name: 'Volcengine Ark (China)',
		baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
		console: 'the Volcengine Ark console',
	},
	byteplus: {
		name: 'BytePlus ModelArk (International)',
		baseUrl: 'https://ark.ap-southeast.bytepluses.com/api/v3',
		console: 'the BytePlus ModelArk console',
	},
} as const;

/** The values the credential's Provider field takes. */
export type ProviderName = keyof typeof PROVIDERS | 'custom';

export function resolveBaseUrl(credentials: { provider?: unknown; baseUrl?: unknown }): string {
	const provider = String(credentials.provider ?? 'chainhub');
	const url =
		provider === 'custom'
			? String(credentials.baseUrl ?? '')
			: (PROVIDERS[provider as keyof typeof PROVIDERS]?.baseUrl ?? PROVIDERS.chainhub.baseUrl);
	return url.trim().replace(/\/+$/, '');
}

export function providerConsole(provider: unknown): string {
	return PROVIDERS[String(provider) as keyof typeof PROVIDERS]?.console ?? "your provider's console";
}
