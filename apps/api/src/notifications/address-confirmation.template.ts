import type { UnLanguage } from '@cop/contracts';
import type { MailVars } from './templates';

type Render = (v: MailVars) => { subject: string; text: string };
const sign = { ar: 'الأمانة', zh: '秘书处', en: 'The Secretariat', fr: 'Le Secrétariat', ru: 'Секретариат', es: 'La Secretaría' };

/** Asks a self-registering person to confirm the address before anything else is sent or stored. */
export const addressConfirmation: Record<UnLanguage, Render> = {
  en: (v) => ({
    subject: `${v.meeting}: confirm your email address`,
    text: `Dear ${v.name},\n\nSomeone, probably you, asked to register this address for ${v.meeting}. To go on with the registration, confirm the address here:\n${v.link}\nThe link expires on ${v.expires}. If you did not ask for this, ignore this message: nothing has been recorded.\n\n${sign.en}`,
  }),
  fr: (v) => ({
    subject: `${v.meeting} : confirmez votre adresse électronique`,
    text: `Madame, Monsieur ${v.name},\n\nQuelqu'un, sans doute vous, a demandé à inscrire cette adresse pour la ${v.meeting}. Pour poursuivre l'inscription, confirmez l'adresse ici :\n${v.link}\nLe lien expire le ${v.expires}. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien n'a été enregistré.\n\n${sign.fr}`,
  }),
  es: (v) => ({
    subject: `${v.meeting}: confirme su dirección de correo`,
    text: `Estimado/a ${v.name}:\n\nAlguien, probablemente usted, pidió inscribir esta dirección para la ${v.meeting}. Para continuar con la inscripción, confirme la dirección aquí:\n${v.link}\nEl enlace caduca el ${v.expires}. Si no lo solicitó, ignore este mensaje: no se ha registrado nada.\n\n${sign.es}`,
  }),
  ar: (v) => ({
    subject: `${v.meeting}: تأكيد عنوان بريدكم الإلكتروني`,
    text: `${v.name} المحترم/ة،\n\nطلب شخص ما، وربما أنتم، تسجيل هذا العنوان لحضور ${v.meeting}. لمتابعة التسجيل، أكّدوا العنوان هنا:\n${v.link}\nتنتهي صلاحية الرابط في ${v.expires}. إذا لم تطلبوا ذلك فتجاهلوا هذه الرسالة: لم يُسجَّل أي شيء.\n\n${sign.ar}`,
  }),
  zh: (v) => ({
    subject: `${v.meeting}：请确认您的电子邮件地址`,
    text: `尊敬的${v.name}：\n\n有人（可能是您本人）申请以此地址注册参加${v.meeting}。如需继续注册，请通过以下链接确认地址：\n${v.link}\n链接失效时间：${v.expires}。如果这不是您本人的申请，请忽略本邮件：我们未记录任何信息。\n\n${sign.zh}`,
  }),
  ru: (v) => ({
    subject: `${v.meeting}: подтвердите адрес электронной почты`,
    text: `Уважаемый(ая) ${v.name}!\n\nКто-то, вероятно вы, попросил зарегистрировать этот адрес для участия в ${v.meeting}. Чтобы продолжить регистрацию, подтвердите адрес по ссылке:\n${v.link}\nСрок действия ссылки истекает ${v.expires}. Если вы этого не запрашивали, не обращайте внимания на это письмо: ничего не было сохранено.\n\n${sign.ru}`,
  }),
};
