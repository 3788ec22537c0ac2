import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { CATEGORIES, CIRCUMSTANCES, COMPOSITIONS, CONSENT_METHODS, LANGUAGES } from '@fund-desk/contracts';
import type { Category, Circumstance, Composition, ConsentMethod, Language } from '@fund-desk/contracts';
import { isValidBsn, isValidIban } from '@fund-desk/platform';

/** A property decorator for a string check of our own (BSN elfproef, IBAN mod-97). */
function Satisfies(name: string, check: (value: string) => boolean, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && check(value) },
    });
}

const IsBSN = () => Satisfies('isBSN', isValidBsn);
const IsIBAN = () => Satisfies('isIBAN', isValidIban);

export class HouseholdDto {
  @ApiProperty({ enum: COMPOSITIONS, example: 'single-parent' })
  @IsIn(COMPOSITIONS)
  composition: Composition;

  @ApiProperty({ description: 'Net household income per month in whole cents, allowances (toeslagen) excluded', example: 145000 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  netMonthlyIncomeCents: number;

  @ApiProperty({ enum: CIRCUMSTANCES, isArray: true, example: [] })
  @IsArray()
  @IsIn(CIRCUMSTANCES, { each: true })
  circumstances: Circumstance[];

  @ApiPropertyOptional({
    example: '111222333',
    description: "The parent's citizen service number (BSN), so the municipality's register can confirm the income. Not stored by applications.",
  })
  @IsOptional()
  @IsBSN()
  bsn?: string;
}

export class ChildDto {
  @ApiProperty({ description: 'Reference used by items in this request', example: 'c1' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  ref: string;

  @ApiProperty({ example: 'Sanne' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: '2016-03-14' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate: string;
}

export class ProviderDto {
  @ApiProperty({ example: 'OBS De Tamarisk' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'NL91ABNA0417164300' })
  @IsIBAN()
  iban: string;
}

export class ItemDto {
  @ApiProperty({ example: 'c1' })
  @IsString()
  childRef: string;

  @ApiProperty({ enum: CATEGORIES, example: 'school-trip' })
  @IsIn(CATEGORIES)
  category: Category;

  @ApiProperty({ description: 'Amount in whole cents', example: 4500 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  amountCents: number;

  @ApiPropertyOptional({ example: 'Schoolreis groep 6' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ type: ProviderDto, description: 'School, club or shop the fund pays; not needed for a birthday box' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderDto)
  provider?: ProviderDto;
}

export class ContactDto {
  @ApiProperty({ example: 'ouder@example.nl' })
  @IsEmail()
  email: string;

  @ApiProperty({ enum: LANGUAGES, example: 'nl' })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiPropertyOptional({ example: '06 12345678', description: 'Mobile number for text messages: Dutch 06… or international +…' })
  @IsOptional()
  @Matches(/^(\+[1-9][\d ]{7,17}|0 ?6[\d -]{8,12})$/)
  phone?: string;
}

export class ParentConsentDto {
  @ApiProperty({ example: 'M. de Vries', description: 'The parent who agreed' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: CONSENT_METHODS, description: 'How the parent agreed' })
  @IsIn(CONSENT_METHODS)
  method: ConsentMethod;

  @ApiProperty({ example: '2026-11-20', description: 'The day the parent agreed' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  givenOn: string;

  @ApiPropertyOptional({ description: "The parent's own account (if they have one): they see the application and can withdraw consent" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account?: string;
}

export class ConsentDto {
  @ApiProperty({ example: true, description: 'Consent to check the household income' })
  @Equals(true)
  incomeCheck: boolean;

  @ApiProperty({ example: true, description: 'Consent to share what each fund needs with that fund' })
  @Equals(true)
  shareWithFunds: boolean;

  @ApiPropertyOptional({ type: ParentConsentDto, description: "Required when an intermediary applies: the parent's consent" })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParentConsentDto)
  parent?: ParentConsentDto;
}

export class SubmitApplicationDto {
  @ApiProperty({ example: 'GM0080', description: 'CBS municipality code' })
  @Matches(/^GM\d{4}$/)
  municipalityCode: string;

  @ApiProperty({ example: '8921 AB' })
  @Matches(/^[1-9]\d{3} ?(?!SA|SD|SS)[A-Za-z]{2}$/, { message: 'postcode must be a Dutch postcode' })
  postcode: string;

  @ApiProperty({ type: HouseholdDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => HouseholdDto)
  household: HouseholdDto;

  @ApiProperty({ type: [ChildDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children: ChildDto[];

  @ApiProperty({ type: [ItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];

  @ApiProperty({ type: ContactDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiProperty({ type: ConsentDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
