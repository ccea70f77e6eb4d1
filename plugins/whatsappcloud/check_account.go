package whatsappcloud

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/masteria/masteria/sdk"
)

// numbersPage is a page of GET /{waba_id}/phone_numbers.
type numbersPage struct {
	Data []struct {
		ID                 string `json:"id"`
		DisplayPhoneNumber string `json:"display_phone_number"`
	} `json:"data"`
	Paging graphPaging `json:"paging"`
}

// maxNumberPages bounds the walk through an account's numbers (100 a page).
const maxNumberPages = 20

// checkAccount confirms that waba_id is a WhatsApp Business Account the
// token can use and that it owns phone_number_id. Graph has no "owner"
// field on the number, so the account's phone_numbers edge is read and
// the number looked for in it. A wrong waba_id would otherwise only show
// when templates are synced (and then as an unexplained Graph error 100),
// or never, while sends from the number still work.
func (p *Plugin) checkAccount(ctx context.Context) error {
	q := url.Values{"fields": {"id,display_phone_number"}, "limit": {"100"}}
	var others []string
	for range maxNumberPages {
		var page numbersPage
		if err := p.graph.call(ctx, http.MethodGet, "/"+p.cfg.wabaID+"/phone_numbers", q, nil, &page); err != nil {
			return p.checkFailure(err, p.unknownAccount)
		}
		for _, n := range page.Data {
			if n.ID == p.cfg.phoneNumberID {
				return nil
			}
			others = append(others, n.ID+" (+"+strings.TrimPrefix(n.DisplayPhoneNumber, "+")+")")
		}
		after, more := page.Paging.next()
		if !more {
			break
		}
		q.Set("after", after)
	}
	has := "no phone numbers"
	if len(others) > 0 {
		has = "only " + strings.Join(others, ", ")
	}
	return sdk.Permanent(fmt.Errorf("whatsapp-cloud: the WhatsApp Business Account %s does not own phone number %s (it has %s): set waba_id to the ID of the account that owns the number",
		p.cfg.wabaID, p.cfg.phoneNumberID, has), "")
}

// unknownAccount words Graph's "no such object" for waba_id: an ID that
// does not exist, one the token was not granted, or another kind of node
// (a phone number's or an app's ID pasted in the wrong field).
func (p *Plugin) unknownAccount(ge *GraphError) error {
	hint := ""
	if p.cfg.wabaID == p.cfg.phoneNumberID {
		hint = " (waba_id holds the phone number's ID)"
	}
	return sdk.Permanent(fmt.Errorf("whatsapp-cloud: WhatsApp has no business account %s that this access token can use%s (Graph error %d: %s): set waba_id to the WhatsApp Business Account ID that owns phone number %s, and check the token was granted that account",
		p.cfg.wabaID, hint, ge.Code, ge.Message, p.cfg.phoneNumberID), strconv.Itoa(ge.Code))
}
