import net from 'node:net';

/** A message the sink received: envelope recipients and the raw message text. */
export type SinkMessage = { to: string[]; body: string };

export type SmtpSink = {
  port: number;
  messages: SinkMessage[];
  close(): Promise<void>;
};

/**
 * The smallest SMTP server a real client (the server's nodemailer) can deliver to, on a loopback
 * port: it accepts every message and keeps it, so a spec can open the links Jointly e-mails. No
 * STARTTLS or AUTH is offered, so the client sends in the clear to it, as to a local relay.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end = buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\r\n');
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ to, body: data.join('\r\n') });
            data = [];
            to = [];
            reply('250 OK: queued');
          } else {
            // RFC 5321 4.5.2: a leading dot was doubled by the client.
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') reply('250 sink');
        else if (command === 'MAIL') reply('250 OK');
        else if (command === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 OK');
        } else if (command === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (command === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else if (command === 'RSET' || command === 'NOOP') reply('250 OK');
        else reply('502 Command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The message text with quoted-printable soft line breaks joined (long links get wrapped). */
export function unwrapped(body: string): string {
  return body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}
