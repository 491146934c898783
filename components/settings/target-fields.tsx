/** The hidden fields that name the stage a form acts on (the action re-checks all of them). */
import type { StageTarget } from './action-types';

export function TargetFields({ target }: { target: StageTarget }) {
  return (
    <>
      <input type="hidden" name="region" value={target.region} />
      <input type="hidden" name="apiKind" value={target.apiKind} />
      <input type="hidden" name="apiId" value={target.apiId} />
      <input type="hidden" name="stageName" value={target.stageName} />
    </>
  );
}
