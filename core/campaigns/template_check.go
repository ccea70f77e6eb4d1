package campaigns

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// TemplateChecker is a Sender that can check a WhatsApp template message
// against the sending connection's synced template catalog, so a campaign
// whose variables do not fit its template is refused when it is saved or
// started instead of failing every send with 132000.
type TemplateChecker interface {
	// CheckTemplate returns a permanent sdk error naming what does not
	// fit; any other error means the check could not be made.
	CheckTemplate(ctx context.Context, tenantID, connection string, template map[string]any) error
}

// actionTemplatesPreview checks a template send without sending it.
const actionTemplatesPreview = "whatsapp.templates.preview"

// CheckTemplate asks the connection's plugin (whatsapp.templates.preview).
// A template the catalog does not know passes: Meta judges it at the send.
func (p PluginSender) CheckTemplate(ctx context.Context, tenantID, connection string, template map[string]any) error {
	in := map[string]any{"template": template}
	if connection != "" {
		in["connection"] = connection
	}
	_, err := p.Plugins.InvokeAction(ctx, tenantID, actionTemplatesPreview, in, "")
	return err
}

// checkTemplate refuses a template message whose variables the sending
// connection's catalog says do not fit. The check is advisory when it
// cannot be made (no catalog, the plugin down): the campaign is kept and
// Meta judges each send.
func (s *Service) checkTemplate(ctx context.Context, tenantID string, spec Spec) error {
	tc, ok := s.Sender.(TemplateChecker)
	if !ok || spec.Message == nil || spec.Message.Template == nil {
		return nil
	}
	t := spec.Message.Template
	vars := make(map[string]any, len(t.Variables))
	for k, v := range t.Variables {
		vars[k] = v // each send renders its own; the count and names are what is checked
	}
	err := tc.CheckTemplate(ctx, tenantID, spec.Connection, templateInput(t, vars))
	field, refused := templateRefusals[refusalCode(err)]
	if !refused {
		if err != nil {
			s.Log.Debug("campaign template check skipped", "tenant", tenantID, "template", t.Name, "err", err)
		}
		return nil
	}
	return apperr.Fields("the campaign is not valid", map[string]string{field: pluginReason(err)})
}

// templateRefusals are the permanent refusals of a template check, by
// Graph's code, and the field each blames: the parameters do not fit
// (132000), a media header is missing or of the wrong type (132012).
var templateRefusals = map[string]string{
	"132000": "spec.message.template.variables",
	"132012": "spec.message.template.header",
}

// refusalCode is a permanent error's provider code; "" for anything else.
func refusalCode(err error) string {
	if class, _, code := sdk.ClassOf(err); err != nil && class == sdk.ClassPermanent {
		return code
	}
	return ""
}

// pluginReason is a plugin's refusal as a person reads it, without the
// plugin's prefix.
func pluginReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "whatsapp-cloud: "); i >= 0 {
		msg = msg[i+len("whatsapp-cloud: "):]
	}
	return msg
}
