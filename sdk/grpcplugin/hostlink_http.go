package grpcplugin

// maxBody bounds a request or response body of the host's HTTP service,
// leaving room in the message for headers.
const maxBody = MaxMessageSize - 1<<20
