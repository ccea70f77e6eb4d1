package campaigns

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/store"
)

// failureSample bounds the failed rows read for their codes' wording.
const failureSample = 200

// failureSummary says how many of the campaign's sends failed and why,
// for the reason it keeps when a round ends ("" when none failed): a
// campaign whose every send failed must not read as a plain success.
func (s *Service) failureSummary(ctx context.Context, c store.Campaign) (string, error) {
	steps, err := s.Store.CampaignCounts(ctx, c.TenantID, c.ID)
	if err != nil {
		return "", err
	}
	var tried, failed int64
	reasons := map[string]int64{}
	for _, st := range steps {
		if st.Step == StepEnrol && c.Kind == KindFlow {
			continue // an enrolment is no message; its run's sends are counted
		}
		tried += st.Total - st.Queued - st.Suppressed - st.Cancelled
		failed += st.Failed
		for code, n := range st.Reasons {
			reasons[code] += n
		}
	}
	if failed == 0 {
		return "", nil
	}
	rows, _, err := s.Store.ListSends(ctx, c.TenantID, store.SendFilter{CampaignID: c.ID, Status: store.SendFailed,
		Page: store.Page{Limit: failureSample}})
	if err != nil {
		return "", err
	}
	codes, messages := map[string]int64{}, map[string]string{}
	for _, r := range rows {
		if _, seen := messages[r.ErrorCode]; !seen {
			messages[r.ErrorCode] = r.Error
			codes[r.ErrorCode] = max(reasons[r.ErrorCode], 1) // the whole count, not the sample's
		}
	}
	none := ""
	if failed == tried {
		none = ", none went out"
	}
	return fmt.Sprintf("%d of %d sends failed%s (%s)", failed, tried, none, failureList(codes, messages)), nil
}

// roundEndReason is the reason a campaign keeps when a round ends: the
// failures, if any; a recurring campaign's counts span every round.
func roundEndReason(c store.Campaign, recurring bool, failures string) string {
	switch {
	case failures == "":
		return ""
	case recurring:
		return fmt.Sprintf("round %d ended; across its rounds so far, %s", c.Round, failures)
	}
	return "completed: " + failures
}
