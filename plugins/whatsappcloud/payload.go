package whatsappcloud

import (
	"encoding/json"
	"errors"
	"strconv"

	gojson "github.com/goccy/go-json"
)

// notification is a webhook POST body from Meta.
type notification struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID      string   `json:"id"`
	Changes []change `json:"changes"`
}

type change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// messagesValue is the value of a "messages" change: inbound messages,
// statuses of sent ones, or system-level errors.
type messagesValue struct {
	Metadata struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WaID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []message     `json:"messages"`
	Statuses []status      `json:"statuses"`
	Errors   []errorObject `json:"errors"`
}

type errorObject struct {
	Code      int    `json:"code"`
	Title     string `json:"title"`
	Message   string `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

type message struct {
	From        string                 `json:"from"`
	ID          string                 `json:"id"`
	Timestamp   string                 `json:"timestamp"`
	Type        string                 `json:"type"`
	Context     *messageContext        `json:"context"`
	Referral    *referral              `json:"referral"`
	Errors      []errorObject          `json:"errors"`
	Text        *struct{ Body string } `json:"text"`
	Image       *mediaObject           `json:"image"`
	Audio       *mediaObject           `json:"audio"`
	Video       *mediaObject           `json:"video"`
	Document    *mediaObject           `json:"document"`
	Sticker     *mediaObject           `json:"sticker"`
	Location    *locationObject        `json:"location"`
	Contacts    []contactCard          `json:"contacts"`
	Interactive *interactiveReply      `json:"interactive"`
	Button      *struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	Reaction *struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	} `json:"reaction"`
	Order  *orderObject `json:"order"`
	System *struct {
		Body string `json:"body"`
		WaID string `json:"wa_id"`
		Type string `json:"type"`
	} `json:"system"`
}

type messageContext struct {
	From string `json:"from"`
	ID   string `json:"id"`
}

type referral struct {
	SourceURL    string `json:"source_url"`
	SourceID     string `json:"source_id"`
	SourceType   string `json:"source_type"`
	Body         string `json:"body"`
	Headline     string `json:"headline"`
	MediaType    string `json:"media_type"`
	ImageURL     string `json:"image_url"`
	VideoURL     string `json:"video_url"`
	ThumbnailURL string `json:"thumbnail_url"`
	CtwaClid     string `json:"ctwa_clid"`
}

type mediaObject struct {
	ID       string `json:"id"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	MIMEType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	URL      string `json:"url"`
	Voice    bool   `json:"voice"`
}

type locationObject struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name"`
	Address   string  `json:"address"`
	URL       string  `json:"url"`
}

type contactCard struct {
	Name struct {
		FormattedName string `json:"formatted_name"`
		FirstName     string `json:"first_name"`
		LastName      string `json:"last_name"`
	} `json:"name"`
	Phones []struct {
		Phone string `json:"phone"`
	} `json:"phones"`
	Emails []struct {
		Email string `json:"email"`
	} `json:"emails"`
}

type interactiveReply struct {
	Type        string     `json:"type"`
	ButtonReply *replyPick `json:"button_reply"`
	ListReply   *replyPick `json:"list_reply"`
}

type replyPick struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

type orderObject struct {
	CatalogID    string `json:"catalog_id"`
	Text         string `json:"text"`
	ProductItems []struct {
		ProductRetailerID string  `json:"product_retailer_id"`
		Quantity          int     `json:"quantity"`
		ItemPrice         float64 `json:"item_price"`
		Currency          string  `json:"currency"`
	} `json:"product_items"`
}

type status struct {
	ID          string        `json:"id"`
	Status      string        `json:"status"`
	Timestamp   string        `json:"timestamp"`
	RecipientID string        `json:"recipient_id"`
	Errors      []errorObject `json:"errors"`
}

// errNotWhatsApp is returned for a body that is JSON but not a WhatsApp
// Business Account notification.
var errNotWhatsApp = errors.New("not a whatsapp_business_account notification")

// decodeNotification parses a webhook body. It never panics; a body that is
// not one JSON object of Meta's envelope is an error.
func decodeNotification(body []byte) (notification, error) {
	var n notification
	// go-json, not encoding/json: the decode was a third of the plugin's
	// time per webhook (RATIONALE.md, "JSON on the inbound path"). It
	// refuses trailing data as encoding/json.Unmarshal does. Its syntax
	// errors may name a NUL the body does not hold (an empty or cut-short
	// body), so a refusal says what encoding/json says instead.
	if err := gojson.Unmarshal(body, &n); err != nil {
		if stdErr := json.Unmarshal(body, new(notification)); stdErr != nil {
			err = stdErr
		}
		return n, err
	}
	if n.Object != "whatsapp_business_account" {
		return n, errNotWhatsApp
	}
	return n, nil
}

// decodeMessages parses a "messages" change's value. When one item is
// shaped unlike the documented payloads (a string where Meta documents a
// number, say), the value is read again item by item, so the others are
// not lost with it: Meta is answered 200 and would not send them again.
func decodeMessages(raw json.RawMessage) (messagesValue, error) {
	var v messagesValue
	err := gojson.Unmarshal(raw, &v)
	if err == nil {
		return v, nil
	}
	return decodeItemByItem(raw, err)
}

// decodeItemByItem reads a messages value whose whole decode failed with
// err. An unreadable message keeps what identifies it (id, from,
// timestamp) and arrives as unsupported, carrying the reason, so it is
// stored and seen like any other; an unreadable status or error object
// is left out. A value whose envelope itself is unreadable fails with err.
func decodeItemByItem(raw json.RawMessage, err error) (messagesValue, error) {
	var loose struct {
		Metadata json.RawMessage   `json:"metadata"`
		Contacts json.RawMessage   `json:"contacts"`
		Messages []json.RawMessage `json:"messages"`
		Statuses []json.RawMessage `json:"statuses"`
		Errors   []json.RawMessage `json:"errors"`
	}
	var v messagesValue
	if gojson.Unmarshal(raw, &loose) != nil || (len(loose.Metadata) > 0 && gojson.Unmarshal(loose.Metadata, &v.Metadata) != nil) {
		return messagesValue{}, err
	}
	if len(loose.Contacts) > 0 {
		_ = gojson.Unmarshal(loose.Contacts, &v.Contacts) // only names: a message reads without them
	}
	for _, item := range loose.Messages {
		var m message
		if bad := gojson.Unmarshal(item, &m); bad != nil {
			if m, bad = unreadableMessage(item, bad); bad != nil {
				continue
			}
		}
		v.Messages = append(v.Messages, m)
	}
	for _, item := range loose.Statuses {
		var st status
		if gojson.Unmarshal(item, &st) == nil {
			v.Statuses = append(v.Statuses, st)
		}
	}
	for _, item := range loose.Errors {
		var e errorObject
		if gojson.Unmarshal(item, &e) == nil {
			v.Errors = append(v.Errors, e)
		}
	}
	return v, nil
}

// unreadableMessage is an inbound message that did not decode as its type:
// its envelope, as unsupported, with the reason.
func unreadableMessage(item json.RawMessage, reason error) (message, error) {
	var env struct {
		From      string `json:"from"`
		ID        string `json:"id"`
		Timestamp any    `json:"timestamp"`
		Type      string `json:"type"`
	}
	if err := gojson.Unmarshal(item, &env); err != nil || env.ID == "" {
		return message{}, errors.Join(reason, err)
	}
	ts, _ := env.Timestamp.(string)
	if n, ok := env.Timestamp.(float64); ok {
		ts = strconv.FormatInt(int64(n), 10)
	}
	return message{From: env.From, ID: env.ID, Timestamp: ts, Type: "unsupported",
		Errors: []errorObject{{Title: "Unreadable " + env.Type + " message", Message: reason.Error()}}}, nil
}
