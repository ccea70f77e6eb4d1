package campaigns

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/store"
)

// failureSample bounds the failed rows read for their codes' wording.
const failureSample = 200

// failures is how many of a campaign's sends failed, of how many tried,
// and the commonest codes why.
type failures struct {
	failed, tried int64
	codes         []failureCount
}

// text is the failures in English: "2 of 12 sends failed (131026 ×2: …)".
func (f failures) text() string {
	none := ""
	if f.failed == f.tried {
		none = ", none went out"
	}
	return fmt.Sprintf("%d of %d sends failed%s (%s)", f.failed, f.tried, none, failureList(f.codes))
}

// failureSummary says how many of the campaign's sends failed and why,
// for the reason it keeps when a round ends (none failed when failed is
// 0): a campaign whose every send failed must not read as a plain success.
func (s *Service) failureSummary(ctx context.Context, c store.Campaign) (failures, error) {
	steps, err := s.Store.CampaignCounts(ctx, c.TenantID, c.ID)
	if err != nil {
		return failures{}, err
	}
	var f failures
	reasons := map[string]int64{}
	for _, st := range steps {
		if st.Step == StepEnrol && c.Kind == KindFlow {
			continue // an enrolment is no message; its run's sends are counted
		}
		f.tried += st.Total - st.Queued - st.Suppressed - st.Cancelled
		f.failed += st.Failed
		for code, n := range st.Reasons {
			reasons[code] += n
		}
	}
	if f.failed == 0 {
		return f, nil
	}
	rows, _, err := s.Store.ListSends(ctx, c.TenantID, store.SendFilter{CampaignID: c.ID, Status: store.SendFailed,
		Page: store.Page{Limit: failureSample}})
	if err != nil {
		return failures{}, err
	}
	codes, messages := map[string]int64{}, map[string]string{}
	for _, r := range rows {
		if _, seen := messages[r.ErrorCode]; !seen {
			messages[r.ErrorCode] = r.Error
			codes[r.ErrorCode] = max(reasons[r.ErrorCode], 1) // the whole count, not the sample's
		}
	}
	f.codes = failureCounts(codes, messages)
	return f, nil
}

// roundEndReason is the reason a campaign keeps when a round ends: the
// failures, if any; a recurring campaign's counts span every round.
func roundEndReason(c store.Campaign, recurring bool, f failures) Reason {
	if f.failed == 0 {
		return Reason{}
	}
	all := f.failed == f.tried
	params := map[string]any{"count": f.failed, "codes": f.codes}
	if !all {
		params["total"] = f.tried
	}
	if recurring {
		params["round"] = c.Round
		code := map[bool]string{true: ReasonRoundEndedAllFailed, false: ReasonRoundEndedWithFailures}[all]
		return Reason{Text: fmt.Sprintf("round %d ended; across its rounds so far, %s", c.Round, f.text()), Code: code, Params: params}
	}
	code := map[bool]string{true: ReasonCompletedAllFailed, false: ReasonCompletedWithFailures}[all]
	return Reason{Text: "completed: " + f.text(), Code: code, Params: params}
}
