package api

import (
	"cmp"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// actionNumber is the plugin action that reads a WhatsApp connection's
// business number from the provider (WhatsApp Cloud serves it).
const actionNumber = "whatsapp.number"

// whatsappNumber is a WhatsApp connection's business number as Meta
// reports it now.
type whatsappNumber struct {
	PhoneNumberID string `json:"phone_number_id"`
	// DisplayPhoneNumber is the number as Meta shows it.
	DisplayPhoneNumber string `json:"display_phone_number"`
	// VerifiedName is the business name Meta verified for the number.
	VerifiedName string `json:"verified_name"`
	// QualityRating is GREEN, YELLOW, RED or UNKNOWN (not rated yet).
	QualityRating string `json:"quality_rating"`
	// MessagingLimit is the business portfolio's limit, shared by all its
	// numbers, of unique customers reached outside a customer-service
	// window in a rolling 24 h: TIER_250, TIER_2K, TIER_10K, TIER_100K or
	// TIER_UNLIMITED; absent when Meta did not say.
	MessagingLimit string `json:"messaging_limit,omitempty"`
	// Throughput is the number's level: STANDARD, HIGH or NOT_APPLICABLE;
	// absent when Meta did not say.
	Throughput string `json:"throughput,omitempty"`
}

// connectionNumberRoutes read a WhatsApp connection's number.
func (a *API) connectionNumberRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/connections/:id/whatsapp-number", Role: anyRole, Tag: "plugins",
			Summary: "A WhatsApp connection's business number as Meta reports it now (whatsapp.number): display number, verified name, quality rating, throughput and the portfolio's messaging limit; 409 for a connection that is not WhatsApp Cloud",
			Reply:   whatsappNumber{}, Handle: a.connectionNumber},
	}
}

// connectionNumber asks the connection's plugin for its number.
func (a *API) connectionNumber(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) {
		res, err := a.runConnectionAction(c.Context(), m, p, c.Params("id"), connectionActionCall{action: actionNumber,
			unsupported: func(conn store.Connection, title string) error {
				return apperr.New(apperr.Conflict, "%s is a %s connection: only WhatsApp Cloud connections have a WhatsApp number to read",
					conn.Name, title).Because(apperr.NumberUnsupported, apperr.P{"connection": conn.Name, "plugin": title})
			},
			failure: numberFailure})
		if err != nil {
			return nil, err
		}
		return numberView(res), nil
	})
}

// numberFailure says why the provider gave no number, by the error's
// class; the provider's own text stays in the log.
func numberFailure(err error) error {
	switch class, after, _ := sdk.ClassOf(err); class {
	case sdk.ClassRateLimited:
		return apperr.New(apperr.RateLimited, "WhatsApp is throttling this account's requests: try again later").
			Because(apperr.ProviderThrottled, apperr.P{"provider": "WhatsApp"}).Retry(after)
	case sdk.ClassAuth:
		return apperr.New(apperr.Unavailable, "WhatsApp refused this connection's credentials: check its access token").
			Because(apperr.CredentialsRefused, nil)
	default:
		return apperr.New(apperr.Unavailable, "the WhatsApp connection could not read its number: check the connection and try again").
			Because(apperr.NumberUnavailable, nil)
	}
}

func numberView(res map[string]any) whatsappNumber {
	s := func(k string) string { v, _ := res[k].(string); return v }
	return whatsappNumber{PhoneNumberID: s("phone_number_id"), DisplayPhoneNumber: s("display_phone_number"),
		VerifiedName: s("verified_name"), QualityRating: cmp.Or(s("quality_rating"), "UNKNOWN"),
		MessagingLimit: s("messaging_limit"), Throughput: s("throughput")}
}
