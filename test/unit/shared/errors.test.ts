/** The API's errors in the user's words, the code kept. */
import { describeApiError, extractApiError, isRetryable429 } from '../../../nodes/Seedance/shared/errors';

describe('API errors in the user words, the code kept', () => {
	it.each([
		[{ httpCode: 401, code: 'AuthenticationError' }, /API key was rejected \(401\)/, /Provider matches/],
		[{ httpCode: 400, code: 'InputImageSensitiveContentDetected.PrivacyInformation' }, /real person's face/, /privacy/],
		[{ httpCode: 400, code: 'InputTextSensitiveContentDetected' }, /prompt was refused/, /Rephrase/],
		[{ httpCode: 429, code: 'QuotaExceeded' }, /quota .* is used up/, /console/],
		[{ httpCode: 403, code: 'AccountOverdueError' }, /overdue/, /Top up/],
		[{ httpCode: 404, code: 'InvalidEndpointOrModel.NotFound' }, /model or endpoint was not found/, /without "doubao-"/],
		[{ httpCode: 429, code: 'ModelAccountRpmRateLimitExceeded' }, /rate limiting/, /Rate Limit Wait/],
		[{ httpCode: 400, code: 'InvalidParameter', param: 'ratio' }, /parameter "ratio"/, /Check that field/],
		[{ httpCode: 500, code: 'InternalServiceError' }, /server error \(500\)/, /provider side/],
		// Seedream's own codes.
		[{ httpCode: 400, code: 'OutputImageSensitiveContentDetected' }, /generated image was blocked/, /not billed/],
		[{ httpCode: 400, code: 'OutputImageSensitiveContentDetected.DeepFake' }, /generated image was blocked/, /Rephrase/],
		[{ httpCode: 400, code: 'InvalidImageURL.EmptyURL' }, /reference image could not be read/, /lower case/],
		[{ httpCode: 400, code: 'InvalidImageURL.InvalidFormat' }, /reference image could not be read/, /data:image/],
		[{ httpCode: 400, code: 'OutputImageRiskDetection' }, /image risk check/, /Change the prompt/],
		[{ httpCode: 429, code: 'ModelAccountIpmRateLimitExceeded' }, /rate limiting/, /Rate Limit Wait/],
	])('%j', (info, message, description) => {
		const text = describeApiError({ ...info, message: 'raw text' }, 'the console');
		expect(text.message).toMatch(message);
		expect(text.description).toMatch(description);
		expect(text.description).toContain(`Seedance said: ${info.code}: raw text`);
	});

	it('reads the documented error body', () => {
		expect(extractApiError({ error: { code: 'X', message: 'm', param: 'p', type: 't' } })).toEqual({ code: 'X', message: 'm', param: 'p' });
		expect(extractApiError({ id: 'cgt' })).toBeUndefined();
		expect(extractApiError('<html>')).toBeUndefined();
		expect(isRetryable429(undefined)).toBe(true);
		expect(isRetryable429('QuotaExceeded')).toBe(false);
		// Seedream's images-per-minute limit passes with time, as the RPM limits do.
		expect(isRetryable429('ModelAccountIpmRateLimitExceeded')).toBe(true);
	});
});
