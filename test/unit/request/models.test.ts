/** The model catalogue: spellings per provider. */
import { idForProvider } from '../../../nodes/Seedance/request/models';

describe('idForProvider', () => {
	it('spells known models as the provider does, and leaves others alone', () => {
		expect(idForProvider('doubao-seedance-1-0-lite-i2v-250428', 'byteplus')).toBe('seedance-1-0-lite-i2v-250428');
		expect(idForProvider('seedance-1-0-lite-i2v-250428', 'volcengine')).toBe('doubao-seedance-1-0-lite-i2v-250428');
		expect(idForProvider('ep-123', 'byteplus')).toBe('ep-123');
	});
});
