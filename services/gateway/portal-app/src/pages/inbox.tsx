import { useEffect, useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, InboxMessage, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorSummary } from '../forms';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function InboxPage() {
  const { t, dateTime } = useI18n();
  const [messages, setMessages] = useState<InboxMessage[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = async () => {
    try {
      const inbox = await api.inbox();
      setMessages(inbox.items);
      setUnread(inbox.unread);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const markRead = async (m: InboxMessage) => {
    try {
      await api.markRead(m.id);
      setMessages((list) => list?.map((x) => (x.id === m.id ? { ...x, read: true } : x)) ?? null);
      setUnread((n) => Math.max(0, n - 1));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <>
      <PageTitle>{t('inbox.title')}</PageTitle>
      <Paragraph role="status">{t('inbox.unread', { n: unread })}</Paragraph>
      <ErrorSummary problem={problem} />
      {messages === null ? (
        <Paragraph>{t('common.loading')}</Paragraph>
      ) : messages.length === 0 ? (
        <Paragraph>{t('inbox.none')}</Paragraph>
      ) : (
        <ul className="plain-list">
          {messages.map((m) => (
            <li key={m.id} className={`card message${m.read ? '' : ' message--unread'}`}>
              <article aria-labelledby={`msg-${m.id}`}>
                <Heading level={2} appearance="utrecht-heading-3" id={`msg-${m.id}`}>
                  {m.read ? '' : <span className="visually-hidden">{t('inbox.unreadLabel')}: </span>}
                  {m.title}
                </Heading>
                <Paragraph className="hint">
                  <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
                  {m.read ? '' : ` · ${t('inbox.new')}`}
                </Paragraph>
                <Paragraph>{m.body}</Paragraph>
                <Paragraph>
                  {m.applicationId ? <Link to={`/applications/${m.applicationId}`}>{t('inbox.toApplication')}</Link> : null}{' '}
                  {m.read ? null : (
                    <Button type="button" appearance="subtle-button" onClick={() => void markRead(m)}>
                      {t('inbox.markRead', { title: m.title })}
                    </Button>
                  )}
                </Paragraph>
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
