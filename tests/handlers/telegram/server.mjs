// Runs telegram-test-api 4.2.1 on 127.0.0.1 with the routes python-telegram-bot 22 needs.
//
// Usage: node server.mjs [--port N]   (0 or nothing: a free port)
// Prints one JSON line {"port": N, "token_hint": ...} on stdout once it listens.
//
// The stock package answers some Bot API methods in shapes PTB 22 rejects and does not know
// others (see ../../../../shared/PLATFORM_FACTS.md, or docs/telegram.md). Its route list is an
// array whose first match wins, so the corrected routes below are put in front of it; nothing
// in node_modules is changed. They also behave like Telegram where the tests depend on it:
// HTML is parsed into text + entities (a bad tag fails the send), text and caption lengths are
// checked after parsing, an edit without reply_markup removes the keyboard, a callback query can
// be answered once. Routes under /_test/ let a test read what the bot did and inject failures.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index.js');

const HOST = '127.0.0.1';
const MESSAGE_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const BOT = { id: 666, is_bot: true, first_name: 'socialpulse test', username: 'TestNameBot' };

const state = {
  commands: {},
  answered: new Map(),
  faults: [],
  calls: [],
  webhook: null,
  chats: new Map(),
};

class ApiError extends Error {
  constructor(code, description, parameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}

const badRequest = (description) => new ApiError(400, `Bad Request: ${description}`);

// ---- HTML parse mode, the way Telegram reads it ---------------------------------------------

const ENTITY_TYPES = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
};
const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeEntity(source, at) {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/.exec(source.slice(at, at + 12));
  if (!match) {
    return null;
  }
  const name = match[1];
  let value;
  if (name.startsWith('#x')) {
    value = String.fromCodePoint(parseInt(name.slice(2), 16));
  } else if (name.startsWith('#')) {
    value = String.fromCodePoint(parseInt(name.slice(1), 10));
  } else if (name in NAMED) {
    value = NAMED[name];
  } else {
    return null;
  }
  return { value, length: match[0].length };
}

function decodeAll(text) {
  let out = '';
  for (let i = 0; i < text.length;) {
    const entity = text[i] === '&' ? decodeEntity(text, i) : null;
    if (entity) {
      out += entity.value;
      i += entity.length;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

function attributes(raw) {
  const found = {};
  const pattern = /([a-zA-Z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const match of raw.matchAll(pattern)) {
    found[match[1].toLowerCase()] = decodeAll(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

function parseHtml(html) {
  let text = '';
  const entities = [];
  const open = [];
  for (let i = 0; i < html.length;) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) {
        throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${i}`);
      }
      const raw = html.slice(i + 1, end);
      const match = /^(\/?)([a-zA-Z][a-zA-Z0-9-]*)([\s\S]*)$/.exec(raw);
      const name = match ? match[2].toLowerCase() : raw;
      if (!match || !(name in ENTITY_TYPES)) {
        throw badRequest(`can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`);
      }
      if (match[1] === '/') {
        const top = open.pop();
        if (!top || top.name !== name) {
          throw badRequest(
            `can't parse entities: Unmatched end tag at byte offset ${i}, expected `
            + `"</${top ? top.name : ''}>", found "</${name}>"`,
          );
        }
        if (text.length > top.offset) {
          const entity = { type: top.type, offset: top.offset, length: text.length - top.offset };
          if (top.url) {
            entity.url = top.url;
          }
          entities.push(entity);
        }
      } else {
        const attrs = attributes(match[3]);
        let type = ENTITY_TYPES[name];
        if (name === 'span' && attrs.class !== 'tg-spoiler') {
          throw badRequest(`can't parse entities: Unsupported start tag "span" at byte offset ${i}`);
        }
        if (name === 'a' && !/^(https?|tg):\/\//.test(attrs.href ?? '')) {
          throw badRequest(`can't parse entities: Wrong HTTP URL at byte offset ${i}`);
        }
        if (name === 'blockquote' && 'expandable' in attrs) {
          type = 'expandable_blockquote';
        }
        open.push({ name, type, offset: text.length, url: name === 'a' ? attrs.href : undefined });
      }
      i = end + 1;
    } else if (ch === '&') {
      const entity = decodeEntity(html, i);
      text += entity ? entity.value : '&';
      i += entity ? entity.length : 1;
    } else if (ch === '>') {
      text += ch;
      i += 1;
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length) {
    const top = open[open.length - 1];
    throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${top.name}"`);
  }
  return trim(text, entities);
}

// Telegram drops leading and trailing white space and moves the entities with the text.
function trim(text, entities) {
  const lead = text.length - text.trimStart().length;
  const kept = text.trim();
  const shifted = [];
  for (const entity of entities) {
    const start = Math.max(entity.offset - lead, 0);
    const end = Math.min(entity.offset + entity.length - lead, kept.length);
    if (end > start) {
      shifted.push({ ...entity, offset: start, length: end - start });
    }
  }
  shifted.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: kept, entities: shifted };
}

function formatted(body, field, limit, tooLong) {
  const raw = body[field] === undefined || body[field] === null ? '' : String(body[field]);
  const parsed = String(body.parse_mode || '').toUpperCase() === 'HTML'
    ? parseHtml(raw) : trim(raw, []);
  if (parsed.text.length > limit) {
    throw badRequest(tooLong);
  }
  return parsed;
}

// ---- messages as Telegram returns them ------------------------------------------------------

const json = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

function chatOf(chatId) {
  const id = Number(chatId);
  const known = state.chats.get(id);
  if (known) {
    return known;
  }
  if (id > 0) {
    return { id, type: 'private', first_name: 'Test' };
  }
  return { id, type: String(id).startsWith('-100') ? 'supergroup' : 'group', title: 'Test group' };
}

function findBotMessage(server, token, chatId, messageId) {
  return server.storage.botMessages.find((stored) => stored.botToken === token
    && String(stored.messageId) === String(messageId)
    && String(stored.message.chat_id) === String(chatId));
}

function asTelegramMessage(stored) {
  const { message } = stored;
  const result = {
    message_id: stored.messageId,
    from: BOT,
    chat: chatOf(message.chat_id),
    date: Math.floor(stored.time / 1000),
  };
  for (const key of ['text', 'caption', 'photo', 'document']) {
    if (message[key] !== undefined) {
      result[key] = message[key];
    }
  }
  if (message.entities && message.entities.length) {
    result.entities = message.entities;
  }
  if (message.caption_entities && message.caption_entities.length) {
    result.caption_entities = message.caption_entities;
  }
  if (message.reply_markup && message.reply_markup.inline_keyboard) {
    result.reply_markup = message.reply_markup;
  }
  if (message.edit_date) {
    result.edit_date = message.edit_date;
  }
  return result;
}

function replyMarkupOf(body) {
  return body.reply_markup === undefined || body.reply_markup === '' ? undefined : json(body.reply_markup);
}

function storeBotMessage(server, token, body, content) {
  if (body.chat_id === undefined || body.chat_id === '') {
    throw badRequest('chat_id is empty');
  }
  const message = { chat_id: body.chat_id, ...content };
  const markup = replyMarkupOf(body);
  if (markup !== undefined) {
    message.reply_markup = markup;
  }
  const replyTo = body.reply_to_message_id
    ?? (body.reply_parameters ? json(body.reply_parameters).message_id : undefined);
  if (replyTo !== undefined) {
    message.reply_to_message_id = Number(replyTo);
  }
  const sent = server.addBotMessage(message, token);
  return asTelegramMessage(findBotMessage(server, token, body.chat_id, sent.message_id));
}

// ---- multipart bodies (sendPhoto, sendDocument) ---------------------------------------------

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function multipart(req) {
  const type = req.headers['content-type'] || '';
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!type.startsWith('multipart/form-data') || !match) {
    return { fields: req.body || {}, files: {} };
  }
  const boundary = Buffer.from(`--${match[1] || match[2]}`);
  const body = await readBody(req);
  const fields = {};
  const files = {};
  let start = body.indexOf(boundary);
  while (start >= 0) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next < 0) {
      break;
    }
    const part = body.subarray(start + boundary.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/.exec(headers);
      const filename = /filename="([^"]*)"/.exec(headers);
      if (name && filename) {
        files[name[1]] = { filename: filename[1], size: content.length };
      } else if (name) {
        fields[name[1]] = content.toString('utf8');
      }
    }
    start = next;
  }
  return { fields, files };
}

// ---- routes ---------------------------------------------------------------------------------

function route(app, path, handler) {
  app.post(path, async (req, res) => {
    try {
      const result = await handler(req);
      res.json({ ok: true, result });
    } catch (error) {
      if (error instanceof ApiError) {
        const answer = { ok: false, error_code: error.code, description: error.message };
        if (error.parameters) {
          answer.parameters = error.parameters;
        }
        res.status(error.code).json(answer);
      } else {
        res.status(500).json({ ok: false, error_code: 500, description: String(error) });
      }
    }
  });
}

function faults(app) {
  app.all('/bot:token/:method', (req, res, next) => {
    const { method } = req.params;
    state.calls.push({ method, chat_id: req.body && req.body.chat_id, time: Date.now() });
    const fault = state.faults.find((item) => item.method === method && item.remaining > 0);
    if (!fault) {
      next();
      return;
    }
    if (fault.skip > 0) {
      fault.skip -= 1;
      next();
      return;
    }
    fault.remaining -= 1;
    const answer = { ok: false, error_code: fault.error_code, description: fault.description };
    if (fault.retry_after !== undefined) {
      answer.parameters = { retry_after: fault.retry_after };
    }
    if (fault.migrate_to_chat_id !== undefined) {
      answer.parameters = { migrate_to_chat_id: fault.migrate_to_chat_id };
    }
    res.status(fault.error_code).json(answer);
  });
}

function botRoutes(app, server) {
  route(app, '/bot:token/getMe', async () => BOT);

  route(app, '/bot:token/sendMessage', async (req) => {
    const { text, entities } = formatted(req.body, 'text', MESSAGE_LIMIT, 'message is too long');
    if (!text) {
      throw badRequest('message text is empty');
    }
    return storeBotMessage(server, req.params.token, req.body, { text, entities, html: req.body.text });
  });

  const media = (kind) => async (req) => {
    const { fields, files } = await multipart(req);
    const file = files[kind];
    if (!file && !fields[kind]) {
      throw badRequest(`there is no ${kind} in the request`);
    }
    const caption = formatted(fields, 'caption', CAPTION_LIMIT, 'message caption is too long');
    const uploaded = {
      file_id: `${kind}-${Date.now()}`,
      file_unique_id: `u${Date.now()}`,
      file_size: file ? file.size : 0,
    };
    const content = kind === 'photo'
      ? { photo: [{ ...uploaded, width: 800, height: 600 }] }
      : { document: { ...uploaded, file_name: file ? file.filename : 'file' } };
    if (caption.text) {
      content.caption = caption.text;
      content.caption_entities = caption.entities;
    }
    content.filename = file ? file.filename : undefined;
    return storeBotMessage(server, req.params.token, fields, content);
  };
  route(app, '/bot:token/sendPhoto', media('photo'));
  route(app, '/bot:token/sendDocument', media('document'));

  route(app, '/bot:token/editMessageText', async (req) => {
    const stored = findBotMessage(server, req.params.token, req.body.chat_id, req.body.message_id);
    if (!stored) {
      throw badRequest('message to edit not found');
    }
    const { text, entities } = formatted(req.body, 'text', MESSAGE_LIMIT, 'MESSAGE_TOO_LONG');
    if (!text) {
      throw badRequest('message text is empty');
    }
    const markup = replyMarkupOf(req.body);
    const before = JSON.stringify([stored.message.text, stored.message.entities, stored.message.reply_markup]);
    if (before === JSON.stringify([text, entities, markup])) {
      throw badRequest('message is not modified: specified new message content and reply markup are'
        + ' exactly the same as a current content and reply markup of the message');
    }
    const message = { ...stored.message, text, entities, html: req.body.text };
    delete message.reply_markup;
    if (markup !== undefined) {
      message.reply_markup = markup;
    }
    message.edit_date = Math.floor(Date.now() / 1000);
    message.edits = (stored.message.edits || 0) + 1;
    stored.message = message;
    return asTelegramMessage(stored);
  });

  route(app, '/bot:token/editMessageReplyMarkup', async (req) => {
    const stored = findBotMessage(server, req.params.token, req.body.chat_id, req.body.message_id);
    if (!stored) {
      throw badRequest('message to edit not found');
    }
    const message = { ...stored.message };
    delete message.reply_markup;
    const markup = replyMarkupOf(req.body);
    if (markup !== undefined) {
      message.reply_markup = markup;
    }
    message.edit_date = Math.floor(Date.now() / 1000);
    stored.message = message;
    return asTelegramMessage(stored);
  });

  route(app, '/bot:token/answerCallbackQuery', async (req) => {
    const id = String(req.body.callback_query_id || '');
    if (!id || state.answered.has(id)) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    state.answered.set(id, {
      callback_query_id: id,
      text: req.body.text,
      show_alert: req.body.show_alert === true || req.body.show_alert === 'true',
    });
    return true;
  });

  route(app, '/bot:token/setMyCommands', async (req) => {
    const key = `${req.body.scope || 'default'}|${req.body.language_code || ''}`;
    state.commands[key] = json(req.body.commands);
    return true;
  });
  route(app, '/bot:token/getMyCommands', async (req) => {
    const key = `${req.body.scope || 'default'}|${req.body.language_code || ''}`;
    return state.commands[key] || [];
  });
  route(app, '/bot:token/deleteMyCommands', async (req) => {
    delete state.commands[`${req.body.scope || 'default'}|${req.body.language_code || ''}`];
    return true;
  });
  route(app, '/bot:token/sendChatAction', async () => true);
  route(app, '/bot:token/getChat', async (req) => chatOf(req.body.chat_id));

  route(app, '/bot:token/setWebhook', async (req) => {
    if (!req.body.url) {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    state.webhook = { url: req.body.url, secret_token: req.body.secret_token };
    server.setWebhook({ url: req.body.url }, req.params.token);
    return true;
  });
  route(app, '/bot:token/deleteWebhook', async (req) => {
    state.webhook = null;
    server.deleteWebhook(req.params.token);
    return true;
  });
  route(app, '/bot:token/getWebhookInfo', async () => ({
    url: state.webhook ? state.webhook.url : '',
    has_custom_certificate: false,
    pending_update_count: 0,
  }));
}

// The stock client routes do not wait for the update and crash the process on a bad body.
function clientRoutes(app, server) {
  const user = (body) => {
    const from = body.from || {};
    if (!body.botToken || !Number.isInteger(Number(from.id))) {
      throw badRequest('a client update needs botToken and from.id');
    }
    return { is_bot: false, first_name: 'Test', ...from, id: Number(from.id) };
  };
  const chat = (body, from) => {
    const found = body.chat || { id: from.id, type: 'private', first_name: from.first_name };
    const known = { ...found, id: Number(found.id) };
    state.chats.set(known.id, known);
    return known;
  };
  const message = (body) => {
    const from = user(body);
    const result = {
      from,
      chat: chat(body, from),
      date: Math.floor(Date.now() / 1000),
      text: String(body.text ?? ''),
      botToken: body.botToken,
    };
    if (body.entities) {
      result.entities = body.entities;
    }
    if (body.reply_to_message_id !== undefined) {
      const stored = findBotMessage(server, body.botToken, result.chat.id, body.reply_to_message_id);
      if (!stored) {
        throw badRequest('the message to reply to is not a bot message in this chat');
      }
      result.reply_to_message = asTelegramMessage(stored);
    }
    return result;
  };
  route(app, '/sendMessage', async (req) => {
    await server.addUserMessage(message(req.body));
    return { update_id: server.updateId - 1 };
  });
  route(app, '/sendCommand', async (req) => {
    const command = message(req.body);
    const end = command.text.indexOf(' ');
    command.entities = command.entities
      || [{ type: 'bot_command', offset: 0, length: end < 0 ? command.text.length : end }];
    await server.addUserCommand(command);
    return { update_id: server.updateId - 1 };
  });
  route(app, '/sendCallback', async (req) => {
    const from = user(req.body);
    const where = chat(req.body, from);
    const stored = findBotMessage(server, req.body.botToken, where.id, req.body.message_id);
    if (!stored) {
      throw badRequest('the pressed message is not a bot message in this chat');
    }
    const id = server.callbackId;
    await server.addUserCallback({
      botToken: req.body.botToken,
      from,
      message: asTelegramMessage(stored),
      data: String(req.body.data ?? ''),
    });
    return { callback_query_id: String(id), update_id: server.updateId - 1 };
  });
}

function testRoutes(app, server) {
  app.get('/_test/answers', (_req, res) => res.json([...state.answered.values()]));
  app.get('/_test/commands', (_req, res) => res.json(state.commands));
  app.get('/_test/calls', (_req, res) => res.json(state.calls));
  app.get('/_test/webhook', (_req, res) => res.json(state.webhook));
  app.get('/_test/messages', (req, res) => {
    const found = server.storage.botMessages
      .filter((stored) => String(stored.message.chat_id) === String(req.query.chat_id))
      .map((stored) => ({ ...asTelegramMessage(stored), html: stored.message.html,
        reply_markup: stored.message.reply_markup, edits: stored.message.edits || 0,
        reply_to_message_id: stored.message.reply_to_message_id }));
    res.json(found);
  });
  app.post('/_test/faults', (req, res) => {
    const fault = {
      method: String(req.body.method),
      remaining: Number(req.body.count ?? 1),
      skip: Number(req.body.skip ?? 0),
      error_code: Number(req.body.error_code ?? 429),
      description: String(req.body.description ?? 'Too Many Requests: retry after 1'),
      retry_after: req.body.retry_after === undefined ? undefined : Number(req.body.retry_after),
      migrate_to_chat_id: req.body.migrate_to_chat_id === undefined
        ? undefined : Number(req.body.migrate_to_chat_id),
    };
    state.faults.push(fault);
    res.json({ ok: true });
  });
}

// ---- updates as Telegram sends them ---------------------------------------------------------

TelegramServer.formatUpdate = (update) => {
  if ('callbackQuery' in update) {
    const { message } = update.callbackQuery;
    return {
      update_id: update.updateId,
      callback_query: {
        id: String(update.callbackId),
        from: update.callbackQuery.from,
        message,
        chat_instance: String(message.chat.id),
        data: update.callbackQuery.data,
      },
    };
  }
  const { botToken, ...message } = update.message;
  return { update_id: update.updateId, message: { ...message, message_id: update.messageId } };
};

function deliverToWebhook(server) {
  const stock = server.addUserUpdate.bind(server);
  // eslint-disable-next-line no-param-reassign
  server.addUserUpdate = async (update) => {
    if (!state.webhook) {
      return stock(update);
    }
    const headers = { 'content-type': 'application/json' };
    if (state.webhook.secret_token) {
      headers['x-telegram-bot-api-secret-token'] = state.webhook.secret_token;
    }
    const answer = await fetch(state.webhook.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(TelegramServer.formatUpdate(update)),
    });
    // eslint-disable-next-line no-param-reassign
    server.updateId += 1;
    if (answer.status > 299) {
      throw new ApiError(502, `webhook answered HTTP ${answer.status}`);
    }
    return undefined;
  };
}

// ---- start ----------------------------------------------------------------------------------

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`telegram-test-api: unhandled rejection: ${reason}\n`);
});

routes.unshift(faults, botRoutes, clientRoutes, testRoutes);
const server = new TelegramServer({ host: HOST, port: 9000, storeTimeout: 3600 });
server.config.port = Number(option('port', '0'));
deliverToWebhook(server);
await server.start();
const { port } = server.server.address();
process.stdout.write(`${JSON.stringify({ port })}\n`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
