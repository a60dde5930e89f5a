/**
 * The prices this execution's costs use: the credential's provider and its Prices field, read with
 * the credential (once per execution) and checked once. A bad Prices field is refused where
 * something would be paid for, and shown as an unknown cost where a task is only read.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { billedImageCost, parsePriceOverride, taskCost, type Cost, type ImageResult, type PricingContext, type RequestFacts, type TaskForCost } from '../request/cost';
import { SeedanceInputError } from '../shared/errors';
import { PROVIDERS, type ProviderName } from '../shared/providers';

export type Pricing = { ok: true; context: PricingContext } | { ok: false; refusal: SeedanceInputError };

function providerOf(credentials: ICredentialDataDecryptedObject): ProviderName {
	const provider = credentials.provider ?? 'chainhub';
	if (provider === 'custom') return 'custom';
	return typeof provider === 'string' && provider in PROVIDERS ? (provider as ProviderName) : 'chainhub';
}

/** The credential's prices, checked: a refusal names the field and how to write it. */
export function pricingOf(credentials: ICredentialDataDecryptedObject): Pricing {
	const provider = providerOf(credentials);
	try {
		return { ok: true, context: { provider, prices: parsePriceOverride(credentials.prices, provider) } };
	} catch (error) {
		// parsePriceOverride throws only SeedanceInputError: each names the field and how to write it.
		const description = error instanceof SeedanceInputError ? `${error.description} ` : '';
		return {
			ok: false,
			refusal: new SeedanceInputError(
				`The Seedance API credential's ${(error as Error).message}`,
				`${description}Fix the Prices (JSON) field of the credential (or empty it); nothing was sent.`,
			),
		};
	}
}

/** The prices, or the credential's refusal thrown: for operations that are about to pay. */
export function requirePricing(pricing: Pricing): PricingContext {
	if (!pricing.ok) throw pricing.refusal;
	return pricing.context;
}

/** A task's cost; with a bad Prices field, unknown and saying why (reading a task must not fail for it). */
export function costOfTask(pricing: Pricing, task: TaskForCost, request?: RequestFacts): Cost {
	if (!pricing.ok) return { status: 'unknown', note: `No cost: ${pricing.refusal.message}.` };
	return taskCost(task, pricing.context, request);
}

/** What one image request's images cost, as billed; with a bad Prices field, unknown and saying why (the images were made). */
export function costOfImages(pricing: Pricing, result: ImageResult): Cost {
	if (!pricing.ok) return { status: 'unknown', note: `No cost: ${pricing.refusal.message}.` };
	return billedImageCost(result, pricing.context);
}
