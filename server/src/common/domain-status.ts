// HTTP status of a domain error code from @hotline/core; undefined for codes it does not know.
import { errorHttpStatus, isErrorCode } from '@hotline/core';

export function statusForDomainCode(code: string): number | undefined {
  return isErrorCode(code) ? errorHttpStatus[code] : undefined;
}
