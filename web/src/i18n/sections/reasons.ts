// The server's refusals (error.reason) and a campaign's reasons
// (reason_code), worded from their stable key and params; the formats
// (status, role, codes…) are registered in i18n/reasons.ts. pt-BR is the
// default; en must have the same keys. Merged into pt-BR.ts / en.ts.
export const ptBR = {
  refusals: {
    window_closed: "Fora da janela de 24 horas do WhatsApp: só é possível enviar um modelo aprovado.",
    contact_opted_out: "O contato pediu para não receber mensagens por {{channel, channel}}.",
    marketing_opted_out:
      "O contato parou de receber mensagens de marketing por {{channel, channel}} e «{{template}}» é um modelo de marketing. Um modelo utilitário, ou uma resposta com a janela de 24 h aberta, ainda chega a ele.",
    bot_handles_conversation: "O bot já está cuidando desta conversa.",
    no_agent_online: "Nenhum atendente está online.",
    campaign_not_draft: "Só uma campanha em rascunho pode ser iniciada (situação: {{status, campaignStatus}}).",
    campaign_not_pausable: "Só uma campanha enviando ou agendada pode ser pausada (situação: {{status, campaignStatus}}).",
    campaign_not_paused: "Só uma campanha pausada pode ser retomada (situação: {{status, campaignStatus}}).",
    campaign_ended: "A campanha já terminou (situação: {{status, campaignStatus}}).",
    campaign_started: "Uma campanha que já começou não pode ser alterada. Cancele-a e crie outra.",
    campaign_active: "Cancele a campanha antes de excluí-la (situação: {{status, campaignStatus}}).",
    flow_not_published: "Publique o fluxo «{{flow}}» antes de usá-lo.",
    name_taken: "O nome «{{name}}» já está em uso.",
    address_taken: "Outro contato já tem um destes endereços (telefone, WhatsApp ou e-mail).",
    shortcut_taken: "O atalho «{{shortcut}}» já está em uso.",
    last_stage: "«{{stage}}» é a única etapa do quadro: um quadro precisa de pelo menos uma.",
    stage_has_cards: "A etapa «{{stage}}» ainda tem cartões: mova-os para outra etapa antes.",
    import_empty: "Nada para importar: escolha um arquivo CSV.",
    import_unreadable: "O arquivo não pode ser importado: {{detail}}",
    role_required: "É preciso ter o papel {{role, role}} ou superior.",
    owner_only: "Só um proprietário pode alterar outro proprietário.",
    last_owner: "O workspace precisa de pelo menos um proprietário.",
    already_member: "{{email}} já é membro deste workspace.",
    email_registered: "Já existe um usuário com este e-mail: informe a senha dele para criar o workspace.",
    connection_changed: "A conexão foi alterada ou removida durante a verificação: verifique de novo.",
    connection_invalid: "A configuração da conexão foi recusada: {{detail}}",
    plugin_unavailable: "O plugin {{plugin}} não conseguiu verificar esta configuração agora: tente de novo.",
    webhooks_not_taken: "Conexões {{plugin}} não recebem webhooks.",
    public_url_unknown:
      "Este servidor não sabe seu endereço público, então nenhum provedor alcançaria os webhooks: defina public_url no arquivo de configuração (ou MASTERIA_PUBLIC_URL), reinicie e conecte de novo.",
    webhooks_manual: "O plugin {{plugin}} não configura os webhooks sozinho: aponte-os para {{url}} no painel do provedor.",
    webhooks_refused: "{{plugin}} recusou enviar os webhooks para cá: {{detail}}",
    webhooks_unreachable: "Não foi possível pedir a {{plugin}} que envie os webhooks para cá: {{detail}}",
    templates_unsupported: "«{{connection}}» é uma conexão {{plugin}}: só conexões do WhatsApp Cloud têm modelos de mensagem.",
    credentials_refused: "O WhatsApp recusou as credenciais desta conexão: verifique o token de acesso.",
    templates_unavailable: "A conexão do WhatsApp não conseguiu obter os modelos: verifique a conexão e tente de novo.",
    draft_has_problems_one: "O rascunho tem {{count}} problema; corrija-o para testar.",
    draft_has_problems_other: "O rascunho tem {{count}} problemas; corrija-os para testar.",
    run_ended: "A execução já terminou (situação: {{status, runStatus}}).",
    run_active: "A execução ainda está em andamento (situação: {{status, runStatus}}); cancele-a primeiro.",
    file_in_use: "O arquivo é usado por uma mensagem ou campanha e não pode ser removido.",
  },
  campaignReasons: {
    paused_by_user: "Pausada por {{name}}.",
    paused_by_api_key: "Pausada pela chave de API «{{name}}».",
    paused_by_platform: "Pausada pela plataforma.",
    cancelled_by_user: "Cancelada por {{name}}.",
    cancelled_by_api_key: "Cancelada pela chave de API «{{name}}».",
    cancelled_by_platform: "Cancelada pela plataforma.",
    breaker_undeliverable_one:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) não pôde ser entregue ou foi bloqueado{{codes, codeList, parens}}; o limite é {{limit}}%.",
    breaker_undeliverable_other:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) não puderam ser entregues ou foram bloqueados{{codes, codeList, parens}}; o limite é {{limit}}%.",
    breaker_opt_outs_one:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) terminou em descadastro{{codes, codeList, parens}}; o limite é {{limit}}%.",
    breaker_opt_outs_other:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) terminaram em descadastro{{codes, codeList, parens}}; o limite é {{limit}}%.",
    breaker_failures_one:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) falhou{{codes, codeList, parens}}; o limite é {{limit}}%.",
    breaker_failures_other:
      "Pausada pela proteção automática: {{count}} dos últimos {{window}} envios ({{percent}}%) falharam{{codes, codeList, parens}}; o limite é {{limit}}%.",
    first_sends_failed_one:
      "O primeiro envio falhou e nenhum saiu: {{codes, codeList}}. Corrija o que o provedor indica (o modelo, a conexão ou a lista) e retome a campanha.",
    first_sends_failed_other:
      "Os primeiros {{count}} envios falharam e nenhum saiu: {{codes, codeList}}. Corrija o que o provedor indica (o modelo, a conexão ou a lista) e retome a campanha.",
    sender_blocked: "Pausada pelo provedor (erro {{code}}): {{code, codeMeaning}}. Resolva com o provedor e retome a campanha.",
    credentials_refused: "O provedor recusou as credenciais da conexão: corrija a conexão e retome a campanha.",
    definition_invalid: "A definição da campanha não é mais válida: {{detail}}",
    completed_with_failures_one: "Concluída: {{count}} de {{total}} envios falhou ({{codes, codeList}}).",
    completed_with_failures_other: "Concluída: {{count}} de {{total}} envios falharam ({{codes, codeList}}).",
    completed_all_failed_one: "Concluída, mas o único envio falhou ({{codes, codeList}}).",
    completed_all_failed_other: "Concluída, mas todos os {{count}} envios falharam e nenhum saiu ({{codes, codeList}}).",
    round_ended_with_failures_one:
      "Rodada {{round}} encerrada; somando as rodadas até aqui, {{count}} de {{total}} envios falhou ({{codes, codeList}}).",
    round_ended_with_failures_other:
      "Rodada {{round}} encerrada; somando as rodadas até aqui, {{count}} de {{total}} envios falharam ({{codes, codeList}}).",
    round_ended_all_failed_one: "Rodada {{round}} encerrada; até aqui, o único envio falhou ({{codes, codeList}}).",
    round_ended_all_failed_other:
      "Rodada {{round}} encerrada; somando as rodadas até aqui, todos os {{count}} envios falharam e nenhum saiu ({{codes, codeList}}).",
  },
  reasonFormats: { noCode: "sem código" },
};

export const en: typeof ptBR = {
  refusals: {
    window_closed: "Outside WhatsApp's 24-hour window: only an approved template can be sent.",
    contact_opted_out: "The contact asked not to get messages on {{channel, channel}}.",
    marketing_opted_out:
      "The contact stopped {{channel, channel}} marketing messages and “{{template}}” is a marketing template. A utility template, or a reply while the 24-hour window is open, still reaches them.",
    bot_handles_conversation: "The bot already handles this conversation.",
    no_agent_online: "No agent is online.",
    campaign_not_draft: "Only a draft campaign can be started (status: {{status, campaignStatus}}).",
    campaign_not_pausable: "Only a sending or scheduled campaign can be paused (status: {{status, campaignStatus}}).",
    campaign_not_paused: "Only a paused campaign can be resumed (status: {{status, campaignStatus}}).",
    campaign_ended: "The campaign has already ended (status: {{status, campaignStatus}}).",
    campaign_started: "A campaign that started cannot change. Cancel it and create another.",
    campaign_active: "Cancel the campaign before deleting it (status: {{status, campaignStatus}}).",
    flow_not_published: "Publish the flow “{{flow}}” before using it.",
    name_taken: "The name “{{name}}” is already taken.",
    address_taken: "Another contact already has one of these addresses (phone, WhatsApp or email).",
    shortcut_taken: "The shortcut “{{shortcut}}” is already taken.",
    last_stage: "“{{stage}}” is the board's only stage: a board keeps at least one.",
    stage_has_cards: "The stage “{{stage}}” still has cards: move them to another stage first.",
    import_empty: "Nothing to import: pick a CSV file.",
    import_unreadable: "The file cannot be imported: {{detail}}",
    role_required: "This needs the {{role, role}} role or higher.",
    owner_only: "Only an owner can change an owner.",
    last_owner: "A workspace keeps at least one owner.",
    already_member: "{{email}} is already a member of this workspace.",
    email_registered: "A user with this email exists: give their password to create the workspace.",
    connection_changed: "The connection was changed or removed during the check: check it again.",
    connection_invalid: "The connection's configuration was refused: {{detail}}",
    plugin_unavailable: "The {{plugin}} plugin could not check this configuration now: try again.",
    webhooks_not_taken: "{{plugin}} connections take no webhooks.",
    public_url_unknown:
      "This server does not know its public URL, so no provider could reach its webhooks: set public_url in the config file (or MASTERIA_PUBLIC_URL), restart it and connect again.",
    webhooks_manual: "The {{plugin}} plugin cannot set its provider's webhooks itself: point them at {{url}} in the provider's console.",
    webhooks_refused: "{{plugin}} refused to send the webhooks here: {{detail}}",
    webhooks_unreachable: "{{plugin}} could not be asked to send the webhooks here: {{detail}}",
    templates_unsupported: "“{{connection}}” is a {{plugin}} connection: only WhatsApp Cloud connections have message templates.",
    credentials_refused: "WhatsApp refused this connection's credentials: check its access token.",
    templates_unavailable: "The WhatsApp connection could not get its templates: check the connection and try again.",
    draft_has_problems_one: "The draft has {{count}} problem; fix it to test the flow.",
    draft_has_problems_other: "The draft has {{count}} problems; fix them to test the flow.",
    run_ended: "The run has already ended (status: {{status, runStatus}}).",
    run_active: "The run is still going (status: {{status, runStatus}}); cancel it first.",
    file_in_use: "A message or a campaign uses the file, so it stays.",
  },
  campaignReasons: {
    paused_by_user: "Paused by {{name}}.",
    paused_by_api_key: "Paused by the API key “{{name}}”.",
    paused_by_platform: "Paused by the platform.",
    cancelled_by_user: "Cancelled by {{name}}.",
    cancelled_by_api_key: "Cancelled by the API key “{{name}}”.",
    cancelled_by_platform: "Cancelled by the platform.",
    breaker_undeliverable_one:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) was undeliverable or blocked{{codes, codeList, parens}}; the limit is {{limit}}%.",
    breaker_undeliverable_other:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) were undeliverable or blocked{{codes, codeList, parens}}; the limit is {{limit}}%.",
    breaker_opt_outs_one:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) ended in an opt-out{{codes, codeList, parens}}; the limit is {{limit}}%.",
    breaker_opt_outs_other:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) ended in opt-outs{{codes, codeList, parens}}; the limit is {{limit}}%.",
    breaker_failures_one:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) failed{{codes, codeList, parens}}; the limit is {{limit}}%.",
    breaker_failures_other:
      "Paused by the automatic safeguard: {{count}} of the last {{window}} sends ({{percent}}%) failed{{codes, codeList, parens}}; the limit is {{limit}}%.",
    first_sends_failed_one:
      "The first send failed and none went out: {{codes, codeList}}. Fix what the provider says (the template, the connection or the list), then resume the campaign.",
    first_sends_failed_other:
      "The first {{count}} sends all failed, none went out: {{codes, codeList}}. Fix what the provider says (the template, the connection or the list), then resume the campaign.",
    sender_blocked: "Paused by the provider (error {{code}}): {{code, codeMeaning}}. Sort it out with the provider, then resume the campaign.",
    credentials_refused: "The provider refused the connection's credentials: fix the connection, then resume the campaign.",
    definition_invalid: "The campaign's definition is no longer valid: {{detail}}",
    completed_with_failures_one: "Completed: {{count}} of {{total}} sends failed ({{codes, codeList}}).",
    completed_with_failures_other: "Completed: {{count}} of {{total}} sends failed ({{codes, codeList}}).",
    completed_all_failed_one: "Completed, but its only send failed ({{codes, codeList}}).",
    completed_all_failed_other: "Completed, but all {{count}} sends failed and none went out ({{codes, codeList}}).",
    round_ended_with_failures_one: "Round {{round}} ended; across its rounds so far, {{count}} of {{total}} sends failed ({{codes, codeList}}).",
    round_ended_with_failures_other: "Round {{round}} ended; across its rounds so far, {{count}} of {{total}} sends failed ({{codes, codeList}}).",
    round_ended_all_failed_one: "Round {{round}} ended; so far its only send failed ({{codes, codeList}}).",
    round_ended_all_failed_other: "Round {{round}} ended; across its rounds so far, all {{count}} sends failed and none went out ({{codes, codeList}}).",
  },
  reasonFormats: { noCode: "no code" },
};
