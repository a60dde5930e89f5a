/** Test helper: a streamed request body written into a stand-in for the request, as axios pipes it. */
import type { BodyStream } from '../../nodes/Seedance/http/bodyStream';

/** Pipes `stream` into `request`; settles at the stream's end, or fails with its error. */
export function writeInto(stream: BodyStream, request: Parameters<BodyStream['pipe']>[0]): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		stream.once('end', () => resolve());
		stream.once('error', reject);
		stream.pipe(request);
	});
}
