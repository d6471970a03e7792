/**
 * Span attributes that get a typed column of their own in `spans`.
 *
 * Measured choice (see README, "Storage"): the analyses filter and group on a
 * handful of semantic-convention keys, and most spans carry mostly these
 * keys, so typed columns keep the generic `span_attributes` table small
 * (inserting one row per attribute costs ~10x the span insert itself).
 * A value whose type does not match its column (e.g. a status code sent as
 * a string) goes to `span_attributes` instead, so nothing is lost.
 */
export interface PromotedAttribute {
  key: string;
  column: string;
  type: 'string' | 'int';
}

export const PROMOTED_ATTRIBUTES: readonly PromotedAttribute[] = [
  { key: 'http.request.method', column: 'http_request_method', type: 'string' },
  { key: 'http.response.status_code', column: 'http_response_status_code', type: 'int' },
  { key: 'http.route', column: 'http_route', type: 'string' },
  { key: 'http.request.resend_count', column: 'http_request_resend_count', type: 'int' },
  { key: 'url.path', column: 'url_path', type: 'string' },
  { key: 'url.full', column: 'url_full', type: 'string' },
  { key: 'server.address', column: 'server_address', type: 'string' },
  { key: 'server.port', column: 'server_port', type: 'int' },
  { key: 'peer.service', column: 'peer_service', type: 'string' },
  { key: 'service.peer.name', column: 'service_peer_name', type: 'string' },
  { key: 'db.system.name', column: 'db_system_name', type: 'string' },
  { key: 'db.system', column: 'db_system', type: 'string' },
  { key: 'db.namespace', column: 'db_namespace', type: 'string' },
  { key: 'db.operation.name', column: 'db_operation_name', type: 'string' },
  { key: 'db.query.text', column: 'db_query_text', type: 'string' },
  { key: 'messaging.system', column: 'messaging_system', type: 'string' },
  { key: 'messaging.destination.name', column: 'messaging_destination_name', type: 'string' },
  { key: 'messaging.operation.type', column: 'messaging_operation_type', type: 'string' },
  { key: 'rpc.system', column: 'rpc_system', type: 'string' },
  { key: 'rpc.service', column: 'rpc_service', type: 'string' },
  { key: 'rpc.method', column: 'rpc_method', type: 'string' },
  { key: 'error.type', column: 'error_type', type: 'string' },
  { key: 'network.peer.address', column: 'network_peer_address', type: 'string' },
  { key: 'network.peer.port', column: 'network_peer_port', type: 'int' },
  { key: 'url.scheme', column: 'url_scheme', type: 'string' },
  { key: 'client.address', column: 'client_address', type: 'string' },
  { key: 'user_agent.original', column: 'user_agent_original', type: 'string' },
  { key: 'code.function.name', column: 'code_function_name', type: 'string' },
  { key: 'code.file.path', column: 'code_file_path', type: 'string' },
  { key: 'code.line.number', column: 'code_line_number', type: 'int' },
  { key: 'thread.name', column: 'thread_name', type: 'string' },
  { key: 'db.collection.name', column: 'db_collection_name', type: 'string' },
  { key: 'rpc.grpc.status_code', column: 'rpc_grpc_status_code', type: 'int' },
  { key: 'messaging.operation.name', column: 'messaging_operation_name', type: 'string' },
  { key: 'messaging.message.id', column: 'messaging_message_id', type: 'string' },
];
