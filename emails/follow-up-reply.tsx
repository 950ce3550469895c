import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

export type FollowUpReplyProps = { url: string };

export function subject(locale: Locale) {
  return translate(locale, "reports.email.subject");
}

/**
 * To a corruption reporter who gave an email address: only "there is a new reply". No report code,
 * no content and no word of what it is about — a mailbox may be read by others.
 */
export default function FollowUpReply({ locale, url }: FollowUpReplyProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={translate(locale, "reports.email.subject")}>
      <Heading as="h1">{translate(locale, "reports.email.subject")}</Heading>
      <Text>{translate(locale, "reports.email.body")}</Text>
      <Button href={url} style={buttonStyle}>
        {translate(locale, "reports.email.button")}
      </Button>
    </EmailLayout>
  );
}
